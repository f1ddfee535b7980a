package org.satit.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class DelimitedRowEncoderTest {

  @Test
  void encodesValuesTheWayCopyAndLoadDataReadThem() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DelimitedRowEncoder e = new DelimitedRowEncoder(out::writeBytes);
    e.text("บ้านหนองบัว").integer(-42).decimal(5590, 2).decimal(-5, 2).decimal(7, 1).bool(true).bool(false)
        .date(LocalDate.of(2019, 6, 10)).timestamp(LocalDateTime.of(2020, 3, 20, 9, 5, 7)).nul()
        .text("a\tb\nc\\d\re").integer(Long.MIN_VALUE).end();
    e.text(null).integer(0).end();
    e.flush();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
        "บ้านหนองบัว\t-42\t55.90\t-0.05\t0.7\t1\t0\t2019-06-10\t2020-03-20 09:05:07\t\\N\ta\\tb\\nc\\\\d\\re\t"
            + Long.MIN_VALUE + "\n\\N\t0\n");
    assertThat(e.rows()).isEqualTo(2);
  }

  @Test
  void handsOverWholeRowsOnlyWhenTheBufferFills() {
    java.util.List<byte[]> chunks = new java.util.ArrayList<>();
    DelimitedRowEncoder e = new DelimitedRowEncoder(chunks::add);
    for (int i = 0; i < 20_000; i++) {
      e.integer(i).text("row").end();
    }
    e.flush();
    assertThat(chunks.size()).isGreaterThan(1);
    int rows = 0;
    for (byte[] c : chunks) {
      assertThat(c[c.length - 1]).isEqualTo((byte) '\n');
      for (byte b : c) {
        rows += b == '\n' ? 1 : 0;
      }
    }
    assertThat(rows).isEqualTo(20_000);
  }
}
