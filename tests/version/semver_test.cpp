// placeholder: semver tests are being written
