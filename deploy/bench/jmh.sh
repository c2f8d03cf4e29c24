#!/usr/bin/env bash
# JMH benchmarks of the engine's hot paths (GET/SET/INCR, HSET/HGET, ZADD/ZRANGE, LPUSH/LPOP,
# XADD), one command per call as the state machine applies it. Arguments go to JMH, e.g.
#   deploy/bench/jmh.sh                 # every benchmark (about 5 minutes)
#   deploy/bench/jmh.sh 'get|set' -f 1 -wi 2 -i 3
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -q -B -ntp test-compile dependency:build-classpath -pl proto,engine \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cp="engine/target/test-classes:engine/target/classes:proto/target/classes"
cp="$cp:$(cat engine/target/test-classpath.txt)"
exec "$JAVA" -cp "$cp" org.openjdk.jmh.Main "${@:-io.mneme.engine.bench}"
