// placeholder: gem tests are being written
