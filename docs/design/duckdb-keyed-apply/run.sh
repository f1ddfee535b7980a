cd "$(dirname "$0")" && java -cp "$HOME/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar" Probe.java "$@"
