package org.satit.api.dashboards;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.satit.warehouse.semantic.CompiledQuery;
import org.satit.warehouse.semantic.Label;

/**
 * A chart's data as CSV (Apache Commons CSV), exactly what the chart shows: one column per field, each
 * dimension followed by its name in the chosen language, and a row the disclosure engine hid keeps its
 * measures empty with {@code suppressed = true}, never a number. UTF-8 with a byte-order mark so that
 * spreadsheet programs read the Thai names right.
 */
public final class ChartCsv {

  private ChartCsv() {
  }

  public static String write(ChartService.ChartData data, String lang) {
    List<CompiledQuery.Column> cols = data.columns();
    int hiddenAt = -1;
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).name().equals("suppressed")) {
        hiddenAt = i;
      }
    }
    List<String> header = new ArrayList<>();
    for (CompiledQuery.Column c : cols) {
      header.add(c.name());
      if (!c.measure() && data.labels().containsKey(c.name())) {
        header.add(c.name() + "_name");
      }
    }
    StringWriter out = new StringWriter();
    out.write('\uFEFF');
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
      for (List<Object> row : data.rows()) {
        boolean hidden = hiddenAt >= 0 && Boolean.TRUE.equals(row.get(hiddenAt));
        List<Object> line = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
          CompiledQuery.Column c = cols.get(i);
          Object v = row.get(i);
          line.add(c.measure() && hidden && i != hiddenAt ? null : v);
          if (!c.measure() && data.labels().containsKey(c.name())) {
            Label l = data.labels().get(c.name()).get(String.valueOf(v));
            line.add(l == null ? null : "th".equals(lang) ? l.th() : l.en());
          }
        }
        csv.printRecord(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Sends the CSV as a download named after the chart and its parameters. */
  public static void send(Context ctx, ChartService.ChartData data, String lang) {
    StringBuilder name = new StringBuilder(data.chart());
    for (Map.Entry<String, String> p : data.params().entrySet()) {
      name.append('_').append(p.getValue().replaceAll("[^A-Za-z0-9-]", ""));
    }
    ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(write(data, lang).getBytes(StandardCharsets.UTF_8));
  }

  /** The language of a CSV's names: {@code lang=th|en} (default Thai); taken out of the chart's parameters. */
  public static String language(Map<String, List<String>> query) {
    List<String> l = query.remove("lang");
    if (l == null) {
      return "th";
    }
    if (l.size() != 1 || !(l.get(0).equals("th") || l.get(0).equals("en"))) {
      throw org.satit.api.ApiError.badRequest("lang must be th or en");
    }
    return l.get(0);
  }
}
