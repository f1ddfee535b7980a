package org.satit.ingest.source;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The national tests (O-NET at P6, M3, M6; NT at P3; RT at P1), their subjects, domains and parts,
 * O-NET sub-strands, and the national mean per test, grade, subject and academic year that the
 * generator aims at (emis/subjects.csv, emis/national-means.csv).
 */
public final class Curriculum {

  public record Subject(String test, String code, String nameTh, String nameEn, List<String> strandsTh,
                        List<String> strandsEn) {
  }

  /** A national mean; {@code published} is false for the estimates that fill gaps in DOMAIN.md. */
  public record NationalMean(String test, String grade, String subject, int year, double mean, boolean published) {
  }

  private static final Curriculum INSTANCE = load();

  private final Map<String, Subject> subjects;
  private final Map<String, NationalMean> means;

  private Curriculum(Map<String, Subject> subjects, Map<String, NationalMean> means) {
    this.subjects = subjects;
    this.means = means;
  }

  public static Curriculum get() {
    return INSTANCE;
  }

  public List<Subject> subjects() {
    return List.copyOf(subjects.values());
  }

  public Subject subject(String test, String code) {
    return subjects.get(test + "/" + code);
  }

  public List<NationalMean> means() {
    return List.copyOf(means.values());
  }

  /** Academic years (B.E.) that have a mean for every test. */
  public TreeSet<Integer> years() {
    return new TreeSet<>(means.values().stream().map(NationalMean::year).toList());
  }

  /** The subjects sat in one test, grade and year, in a fixed order (their index is part of score ids). */
  public List<NationalMean> sitting(String test, String grade, int year) {
    List<NationalMean> out = new ArrayList<>();
    for (NationalMean m : means.values()) {
      if (m.test().equals(test) && m.grade().equals(grade) && m.year() == year) {
        out.add(m);
      }
    }
    return out;
  }

  public double mean(String test, String grade, String subject, int year) {
    NationalMean m = means.get(test + "/" + grade + "/" + subject + "/" + year);
    if (m == null) {
      throw new IllegalArgumentException("no national mean for " + test + " " + grade + " " + subject + " " + year);
    }
    return m.mean();
  }

  private static Curriculum load() {
    Map<String, Subject> subjects = new LinkedHashMap<>();
    for (CSVRecord r : read("emis/subjects.csv")) {
      subjects.put(r.get("test") + "/" + r.get("subject"), new Subject(r.get("test"), r.get("subject"), r.get("name_th"),
          r.get("name_en"), splitList(r.get("strands_th")), splitList(r.get("strands_en"))));
    }
    Map<String, NationalMean> means = new LinkedHashMap<>();
    for (CSVRecord r : read("emis/national-means.csv")) {
      NationalMean m = new NationalMean(r.get("test"), r.get("grade"), r.get("subject"), Integer.parseInt(r.get("year")),
          Double.parseDouble(r.get("mean")), !r.get("source").equals("est"));
      means.put(m.test() + "/" + m.grade() + "/" + m.subject() + "/" + m.year(), m);
    }
    return new Curriculum(subjects, means);
  }

  private static List<String> splitList(String s) {
    return s.isBlank() ? List.of() : List.of(s.split("\\|"));
  }

  private static List<CSVRecord> read(String resource) {
    try (Reader in = new InputStreamReader(
        Objects.requireNonNull(Curriculum.class.getClassLoader().getResourceAsStream(resource), resource),
        StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').get()
          .parse(in).getRecords();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
