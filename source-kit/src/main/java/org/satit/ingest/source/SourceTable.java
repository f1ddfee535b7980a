package org.satit.ingest.source;

import java.util.List;
import java.util.Locale;
import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;

/**
 * The generator's handle on each source table: its name, key and columns come from the table's spec
 * ({@code emis/tables.yaml}, {@link SourceSpecs}); {@code SourceSpecTest} checks that these constants are exactly
 * the specs, in order. The product (CDC, the mapping, health) reads the specs, never this list.
 */
public enum SourceTable {
  PROVINCE, ESA_OFFICE, SCHOOL_CLUSTER, SCHOOL, SUPERVISOR, TEACHER, STUDENT, ENROLLMENT, ONET_SCORE, NT_SCORE,
  RT_SCORE, PD_SESSION, PD_ATTENDANCE, SUPERVISION_VISIT, PLC_ACTIVITY, SCHOOL_BUDGET, TEST_SUBJECT, SUBJECT_STRAND,
  SATIT_GENERATION;

  private volatile SourceSpec spec;

  public SourceSpec spec() {
    SourceSpec s = spec;
    if (s == null) {
      s = SourceSpecs.of(tableName());
      if (s == null) {
        throw new IllegalStateException("source table " + tableName() + " has no spec in emis/tables.yaml");
      }
      spec = s;
    }
    return s;
  }

  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<String> primaryKey() {
    return spec().key();
  }

  /** The columns in source order (the order the generator writes them). */
  public List<String> columns() {
    return spec().columnNames();
  }

  /** True for the tables that hold EMIS data (everything but satit's own bookkeeping). */
  public boolean isEmisData() {
    return spec().isEmisData();
  }
}
