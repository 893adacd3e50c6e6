#!/bin/sh
# As in the official image: packages installed during `docker build` never start their
# services (there is no init to run them); the container's command starts what it needs.
exit 101
