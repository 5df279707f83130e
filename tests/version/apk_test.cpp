// placeholder: apk tests are being written
