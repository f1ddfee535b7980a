package org.satit.tools;

import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.EmisGenerator.Options;
import org.satit.ingest.source.EmisGenerator.Scale;
import org.satit.ingest.source.SourceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Fill a PostgreSQL or MySQL/MariaDB database with a synthetic, realistic EMIS/OBEC source.",
        "The same seed gives identical rows on both engines. The database must exist; the tables are created."},
    footer = {"", "Examples:",
        "  satit generate --scale esa --seed 7 --target jdbc:postgresql://127.0.0.1:5432/emis",
        "  satit generate --scale esa --seed 7 --target jdbc:mariadb://127.0.0.1:3306/emis --user root",
        "  satit generate --scale country --target jdbc:postgresql://127.0.0.1:5432/emis --replace"})
final class GenerateCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Option(names = "--scale", defaultValue = "esa", converter = ScaleConverter.class,
      description = "esa (one ESA office, --esa; 5003: 212 schools), sample (one primary office in each of the six"
          + " regions and Chiang Mai's secondary office: 7 offices, 1,049 schools), province (every office seated in"
          + " one province, --province; 50 = Chiang Mai: 7 offices, 1,130 schools) or country (all 245 offices:"
          + " 29,366 schools, 6.8M pupils a year). School counts at the default --seed 7. Default: ${DEFAULT-VALUE}")
  Scale scale;

  @Option(names = "--seed", defaultValue = "7", description = "random seed; same seed, same rows. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--esa", defaultValue = Options.DEFAULT_ESA,
      description = "ESA office code for --scale esa (e.g. 5003 = สพป.เชียงใหม่ เขต 3). Default: ${DEFAULT-VALUE}")
  String esa;

  @Option(names = "--province", defaultValue = Options.DEFAULT_PROVINCE,
      description = "province code for --scale province (e.g. 50 = Chiang Mai). Default: ${DEFAULT-VALUE}")
  String province;

  @Option(names = "--years", defaultValue = "2561-2563", converter = YearRange.Converter.class,
      description = "academic years (B.E.) to generate. Default: ${DEFAULT-VALUE}")
  YearRange years;

  @Option(names = "--replace", description = "drop existing EMIS tables in the target first")
  boolean replace;

  @Override
  public Integer call() throws Exception {
    Options options = new Options(scale, seed, esa, province, years.first(), years.last());
    SourceLoader.Target t = target.target();
    var out = spec.commandLine().getOut();
    out.printf("generating %s scale into %s%n", scale.name().toLowerCase(), t.jdbcUrl());
    out.flush();
    SourceLoader.Result result = generateWithProgress(t, options, replace);
    GenerationReport.print(out, options, result);
    return 0;
  }

  static SourceLoader.Result generateWithProgress(SourceLoader.Target t, Options options, boolean replace)
      throws Exception {
    EmisGenerator generator = new EmisGenerator(options);
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("schools").setInitialMax(generator.plannedSchools())
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().build()) {
      return SourceLoader.generate(t, generator, new EmisGenerator.Progress() {
        @Override
        public void schoolDone() {
          bar.step();
        }

        @Override
        public void phase(String description) {
          bar.setExtraMessage(description + " …");
          bar.refresh();
        }
      }, replace);
    }
  }
}
