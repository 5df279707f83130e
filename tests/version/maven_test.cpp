// placeholder: maven tests are being written
