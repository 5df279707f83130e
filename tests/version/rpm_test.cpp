// placeholder: rpm tests are being written
