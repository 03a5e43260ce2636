#!/bin/sh
# Prints the site's VCL: render-vcl.sh BACKEND_HOST BACKEND_PORT "PURGER [PURGER ...]"
# Purgers are addresses or networks ("127.0.0.1", "172.16.0.0/12"); a host name is resolved by varnishd at load.
set -eu
template="$(dirname "$0")/site.vcl.in"
host=$1
port=$2
purgers=""
for purger in $3; do
  address=${purger%/*}
  if [ "$address" != "$purger" ]; then
    purgers="$purgers    \"$address\"/${purger#*/};\n"
  else
    purgers="$purgers    \"$purger\";\n"
  fi
done
sed -e "s|@BACKEND_HOST@|$host|" -e "s|@BACKEND_PORT@|$port|" -e "s|@PURGERS@|$purgers|" "$template"
