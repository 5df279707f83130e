// placeholder: pep440 tests are being written
