package org.satit.ingest.spec;

/** Why a source row is quarantined (the {@code reason} column of {@code quarantine}). */
public final class Reasons {
  public static final String SCORE_OUT_OF_RANGE = "score_out_of_range";
  public static final String MISSING_KEY = "missing_key";
  public static final String UNKNOWN_SCHOOL = "unknown_school";
  public static final String IMPOSSIBLE_DATE = "impossible_date";
  public static final String INVALID_CITIZEN_ID = "invalid_citizen_id";

  private Reasons() {
  }
}
