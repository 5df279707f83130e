// placeholder: deb tests are being written
