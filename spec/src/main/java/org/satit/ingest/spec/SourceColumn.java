package org.satit.ingest.spec;

import java.util.List;

/**
 * One source column: its SQL type in the source (PostgreSQL's spelling, e.g. {@code CHAR(10) NOT NULL}), and what it
 * becomes: the warehouse column it fills ({@code to}; null when it is dropped) as {@code transform} makes it, and the
 * checks a row must pass (a failure sends the row to quarantine with the check's reason).
 */
public record SourceColumn(String name, String sqlType, Transform transform, String to, List<Check> checks) {

  /** What the column becomes. */
  public enum Transform {
    TEXT, INTEGER, BIGINT, BOOLEAN, DECIMAL, DATE, TIMESTAMP,
    /** Kept out of the warehouse and off the wire after the ingest job (names). */
    DROP,
    /** A citizen ID: replaced inside the job by a keyed pseudonym and whether its check digit is valid. */
    PERSON_KEY,
    /** A student record number: replaced inside the job by a keyed pseudonym. */
    STUDENT_KEY,
    /** A birth date: replaced inside the job by its Buddhist-era year. */
    BIRTH_YEAR;

    /** The column that stands in for a personal one after the job (also its warehouse column), or null. */
    public String standIn() {
      return switch (this) {
        case PERSON_KEY -> "person_key";
        case STUDENT_KEY -> "student_key";
        case BIRTH_YEAR -> "birth_year_be";
        default -> null;
      };
    }

    /** True for the transforms the ingest job applies before anything leaves it. */
    public boolean isPersonal() {
      return this == DROP || this == PERSON_KEY || this == STUDENT_KEY || this == BIRTH_YEAR;
    }
  }

  /** A check on the column's value, and the quarantine reason it gives. */
  public sealed interface Check {
    /** The quarantine reason of a row failing it. */
    String reason();

    /** Null is refused. */
    record Required() implements Check {
      public String reason() {
        return Reasons.MISSING_KEY;
      }
    }

    /** A number within [lo, hi]. */
    record Range(java.math.BigDecimal lo, java.math.BigDecimal hi) implements Check {
      public String reason() {
        return Reasons.SCORE_OUT_OF_RANGE;
      }
    }

    /** A school the warehouse knows (null refused as a missing key unless optional). */
    record KnownSchool(boolean optional) implements Check {
      public String reason() {
        return Reasons.UNKNOWN_SCHOOL;
      }
    }

    /** A date inside the academic year (B.E.) held in another column of the row: 1 May to 30 April. */
    record WithinYear(String yearColumn) implements Check {
      public String reason() {
        return Reasons.IMPOSSIBLE_DATE;
      }
    }

    /** A citizen ID whose check digit is valid. */
    record ValidCitizenId() implements Check {
      public String reason() {
        return Reasons.INVALID_CITIZEN_ID;
      }
    }
  }
}
