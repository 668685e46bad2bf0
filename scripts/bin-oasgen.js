#!/usr/bin/env node
':' /*
# bin/oasgen.js is written from this file by `npm run build` (scripts/launcher.mjs): a shell
# script and an ES module at once (docs/decisions.md, "Start-up snapshot"). Its first line is
# `#!/usr/bin/env node` (run as the module at the end, everywhere) unless the build made the
# start-up snapshot and this machine's env runs the line that starts the shell part: then that
# line has env run it with sh on Linux and macOS, and npm's shims for Windows read it as "node,
# with a variable set" and run it as the module.
#
# As a shell script: start node from the start-up snapshot `npm run build` made (dist/snapshot/),
# when it was made by this very node for this very copy of oasgen; otherwise start node on this
# file as a module, as always. Node refuses a blob made by another node or with other V8 flags
# (NODE_OPTIONS may carry some), so those start as a module too. OASGEN_NO_SNAPSHOT=1 says: never
# from the snapshot.
unset OASGEN_LAUNCHER
# oasgen makes no TLS connection and starts no program: the extra certificates node would read
# as it starts (NODE_EXTRA_CA_CERTS, often set on managed machines) would serve nothing and cost
# every run their reading (Debian's bundle: 45 ms, 0.42 G instructions).
unset NODE_EXTRA_CA_CERTS
bin=$0
while [ -h "$bin" ]; do
  link=$(readlink "$bin") || break
  case $link in
    /*) bin=$link ;;
    *[/]*|*) case $bin in *[/]*) bin=${bin%/*}/$link ;; *) bin=$link ;; esac ;;
  esac
done
case $bin in *[/]*) here=${bin%/*} ;; *) here=. ;; esac
snapshot=$here/../dist/snapshot
case ${1-} in build) blob=$snapshot/build.blob ;; *) blob=$snapshot/start.blob ;; esac
node=$(command -v node) || node=node
if [ -z "${NODE_OPTIONS-}${OASGEN_NO_SNAPSHOT-}" ] && [ -f "$blob" ] && [ "$node" -ef "$snapshot/node" ] \
  && [ ! "$node" -nt "$blob" ] && [ "$here/.." -ef "$snapshot/root" ]; then
  exec "$node" --snapshot-blob "$blob" "$bin" "$@"
fi
exec "$node" "$bin" "$@"
*/
// As a module (and in the snapshot, from src/cli/snapshot.ts): the command line as a process.
import { run } from '../dist/cli/process.js'

await run()
