#!/bin/sh
# A stand-in for ssh in tests: "fake-ssh-local.sh -T TARGET WORDS..." runs WORDS on this host through a
# shell, as sshd hands the remote command to the login shell.
shift 2
exec sh -c "$*"
