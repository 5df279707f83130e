// placeholder: go tests are being written
