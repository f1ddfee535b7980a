package org.satit.ingest.spec;

/**
 * What stands in for a person in the warehouse ({@link SourceColumn.Transform#PERSON_KEY} and
 * {@link SourceColumn.Transform#STUDENT_KEY}): the ingest job's keyed hashes ({@code Pseudonyms}) compute them,
 * and the comparison oracle computes the same to find a source row in the warehouse.
 */
public interface PersonKeys {

  /** The warehouse key of a source student record. */
  long studentKey(long sourceStudentId);

  /** The pseudonym of a citizen ID. */
  String personKey(String citizenId);
}
