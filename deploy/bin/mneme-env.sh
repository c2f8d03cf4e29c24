# Shared by the deploy/bin scripts: where the build is, which java to run, the JVM flags.
MNEME_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MNEME_LIB="$MNEME_HOME/deploy/target/lib"
# Empty before the first build; "|| true" keeps callers running under set -e -o pipefail.
MNEME_JAR="$(ls "$MNEME_HOME"/deploy/target/mneme-deploy-*.jar 2>/dev/null | grep -v sources | head -n 1 || true)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

mneme_build_if_needed() {
  if [ -z "$MNEME_JAR" ] || [ ! -d "$MNEME_LIB" ] || [ -n "${MNEME_REBUILD:-}" ]; then
    echo "mneme: building (first run) ..." >&2
    (cd "$MNEME_HOME" && mvn -q -B -DskipTests install) >&2 || {
      echo "mneme: build failed" >&2
      exit 1
    }
    MNEME_JAR="$(ls "$MNEME_HOME"/deploy/target/mneme-deploy-*.jar | grep -v sources | head -n 1)"
  fi
}

mneme_java_opts() {
  # MNEME_GC replaces the collector's flags (for instance "-XX:+UseZGC"), to measure.
  local opts="${MNEME_GC:--XX:+UseG1GC -XX:MaxGCPauseMillis=20} -Xss512k"
  opts="$opts ${MNEME_HEAP:--Xms1g -Xmx4g}"
  local major
  major="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)"
  if [ -n "$major" ] && [ "$major" -ge 24 ]; then
    opts="$opts --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
  fi
  echo "$opts ${MNEME_JAVA_OPTS:-}"
}
