# Sourced by ./mvnw and ./verdict: sets JAVA_HOME to a JDK 25 or exits with a clear message.
# The machine's default java may be older (17 here), so PATH is not trusted.

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

find_jdk25() {
  local candidates=()
  [[ -n "${VERDICT_JAVA_HOME:-}" ]] && candidates+=("$VERDICT_JAVA_HOME")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/jdk-25*)
  local home major
  for home in "${candidates[@]}"; do
    [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || continue
    major="$(java_major "$home")"
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 25 )); then
      echo "$home"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME="$(find_jdk25)"; then
  echo "error: Verdict needs a JDK 25; none found in \$VERDICT_JAVA_HOME, \$JAVA_HOME or /usr/lib/jvm." >&2
  echo "       Install one (e.g. Temurin 25) and point VERDICT_JAVA_HOME at it." >&2
  exit 1
fi
export JAVA_HOME
