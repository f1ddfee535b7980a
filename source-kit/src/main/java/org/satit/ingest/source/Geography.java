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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The 77 provinces (real TIS-1099 codes and names) and the educational service area offices: 183
 * primary offices (สพป.) and 62 secondary offices (สพม.). Per-province office counts and the
 * secondary groupings are estimates shaped like the real ones (emis/provinces.csv).
 */
public final class Geography {

  public record Province(String code, String nameTh, String nameEn, String region, int primaryEsas,
                         String secondaryHost) {
  }

  public record EsaOffice(String code, boolean primary, Province seat, int areaNo, String nameTh, String nameEn,
                          List<Province> provinces) {

    public String type() {
      return primary ? "primary" : "secondary";
    }
  }

  /**
   * The demo's country sample: one primary office in each of the six regions (Chiang Mai 3, the default ESA,
   * for the north) and the secondary office of Chiang Mai, so the national pages show regions and an ESA ranking.
   */
  static final List<String> SAMPLE_OFFICES = List.of("5003", "1301", "2001", "4001", "7001", "9001", "5000");

  private static final Geography INSTANCE = load();

  private final Map<String, Province> provinces;
  private final Map<String, EsaOffice> offices;

  private Geography(Map<String, Province> provinces, Map<String, EsaOffice> offices) {
    this.provinces = provinces;
    this.offices = offices;
  }

  public static Geography get() {
    return INSTANCE;
  }

  public List<Province> provinces() {
    return List.copyOf(provinces.values());
  }

  public List<EsaOffice> offices() {
    return List.copyOf(offices.values());
  }

  public Province province(String code) {
    Province p = provinces.get(code);
    if (p == null) {
      throw new IllegalArgumentException("unknown province code '" + code + "' (expected one of the 77 codes, e.g. 50 for Chiang Mai)");
    }
    return p;
  }

  public EsaOffice office(String code) {
    EsaOffice e = offices.get(code);
    if (e == null) {
      throw new IllegalArgumentException("unknown ESA code '" + code + "' (expected e.g. 5003 for สพป.เชียงใหม่ เขต 3, or 5000 for สพม.เชียงใหม่)");
    }
    return e;
  }

  /** The offices of the sample scale ({@link #SAMPLE_OFFICES}). */
  public List<EsaOffice> sampleOffices() {
    return SAMPLE_OFFICES.stream().map(this::office).toList();
  }

  /** The offices whose schools the province scale generates: every office seated in the province. */
  public List<EsaOffice> officesOf(Province p) {
    return offices.values().stream().filter(e -> e.seat().equals(p)).toList();
  }

  private static Geography load() {
    Map<String, Province> provinces = new LinkedHashMap<>();
    try (Reader in = new InputStreamReader(
        Objects.requireNonNull(Geography.class.getClassLoader().getResourceAsStream("emis/provinces.csv")),
        StandardCharsets.UTF_8)) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
        provinces.put(r.get("code"), new Province(r.get("code"), r.get("name_th"), r.get("name_en"), r.get("region"),
            Integer.parseInt(r.get("primary_esas")), r.get("secondary_host")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, EsaOffice> offices = new LinkedHashMap<>();
    for (Province p : provinces.values()) {
      for (int area = 1; area <= p.primaryEsas(); area++) {
        boolean numbered = p.primaryEsas() > 1;
        String code = p.code() + String.format("%02d", area);
        offices.put(code, new EsaOffice(code, true, p, area,
            "สพป." + p.nameTh() + (numbered ? " เขต " + area : ""),
            p.nameEn() + " Primary Educational Service Area Office" + (numbered ? " " + area : ""),
            List.of(p)));
      }
    }
    for (Province host : provinces.values()) {
      if (!host.code().equals(host.secondaryHost())) {
        continue;
      }
      List<Province> covered = new ArrayList<>();
      covered.add(host);
      provinces.values().stream()
          .filter(p -> p != host && p.secondaryHost().equals(host.code()))
          .forEach(covered::add);
      String code = host.code() + "00";
      offices.put(code, new EsaOffice(code, false, host, 0,
          "สพม." + String.join(" ", covered.stream().map(Province::nameTh).toList()),
          String.join(" ", covered.stream().map(Province::nameEn).toList())
              + " Secondary Educational Service Area Office",
          List.copyOf(covered)));
    }
    return new Geography(provinces, offices);
  }
}
