// placeholder: nuget tests are being written
