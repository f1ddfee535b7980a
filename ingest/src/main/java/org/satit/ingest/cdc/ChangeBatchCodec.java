package org.satit.ingest.cdc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of source changes on the wire, from the ingest job on a Flink cluster to the server's ingest
 * endpoint: a small tagged binary format for exactly the value types a {@link SourceChange} holds (text,
 * whole and decimal numbers, booleans, null), so the types survive the trip (an epoch-day Integer stays an
 * Integer) and nothing but these types can be made on the receiving side (no Java deserialisation).
 */
public final class ChangeBatchCodec {

  private static final int MAGIC = 0x53415431; // "SAT1"
  /** Bounds that a well-formed batch never reaches; a body past them is refused, not allocated. */
  private static final int MAX_CHANGES = 1_000_000;
  private static final int MAX_FIELDS = 1_000;

  private ChangeBatchCodec() {
  }

  public static byte[] encode(List<SourceChange> changes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + changes.size() * 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(changes.size());
      for (SourceChange c : changes) {
        out.writeUTF(c.source);
        out.writeUTF(c.table);
        out.writeChar(c.op);
        map(out, c.key);
        map(out, c.row);
        out.writeLong(c.commitMillis);
        out.writeBoolean(c.position != null);
        if (c.position != null) {
          out.writeUTF(c.position);
        }
        out.writeLong(c.receivedMillis);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The changes of a batch; an {@link IllegalArgumentException} for anything that is not one. */
  public static List<SourceChange> decode(byte[] body) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a satit change batch");
      }
      int n = in.readInt();
      if (n < 0 || n > MAX_CHANGES) {
        throw new IllegalArgumentException("a batch of " + n + " changes");
      }
      List<SourceChange> out = new ArrayList<>(Math.min(n, 10_000));
      for (int i = 0; i < n; i++) {
        SourceChange c = new SourceChange();
        c.source = in.readUTF();
        c.table = in.readUTF();
        c.op = in.readChar();
        if ("rcud".indexOf(c.op) < 0) {
          throw new IllegalArgumentException("unknown operation '" + c.op + "'");
        }
        c.key = map(in);
        c.row = map(in);
        c.commitMillis = in.readLong();
        c.position = in.readBoolean() ? in.readUTF() : null;
        c.receivedMillis = in.readLong();
        if (c.key == null) {
          throw new IllegalArgumentException("a change without a key");
        }
        out.add(c);
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException("bytes after the last change");
      }
      return out;
    } catch (EOFException e) {
      throw new IllegalArgumentException("the batch ends early");
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable batch: " + e.getMessage());
    }
  }

  private static void map(DataOutputStream out, Map<String, Object> m) throws IOException {
    if (m == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(m.size());
    for (Map.Entry<String, Object> e : m.entrySet()) {
      out.writeUTF(e.getKey());
      value(out, e.getValue());
    }
  }

  private static Map<String, Object> map(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > MAX_FIELDS) {
      throw new IllegalArgumentException("a row of " + n + " fields");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(in.readUTF(), value(in));
    }
    return m;
  }

  private static void value(DataOutputStream out, Object v) throws IOException {
    if (v == null) {
      out.writeByte('N');
    } else if (v instanceof String s) {
      byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeByte('S');
      out.writeInt(b.length);
      out.write(b);
    } else if (v instanceof Integer i) {
      out.writeByte('I');
      out.writeInt(i);
    } else if (v instanceof Long l) {
      out.writeByte('L');
      out.writeLong(l);
    } else if (v instanceof BigDecimal d) {
      out.writeByte('M');
      out.writeUTF(d.toString());
    } else if (v instanceof Double d) {
      out.writeByte('D');
      out.writeDouble(d);
    } else if (v instanceof Float f) {
      out.writeByte('F');
      out.writeFloat(f);
    } else if (v instanceof Boolean b) {
      out.writeByte('B');
      out.writeBoolean(b);
    } else if (v instanceof Short || v instanceof Byte) {
      out.writeByte('I');
      out.writeInt(((Number) v).intValue());
    } else {
      value(out, v.toString());
    }
  }

  private static Object value(DataInputStream in) throws IOException {
    int tag = in.readByte();
    return switch (tag) {
      case 'N' -> null;
      case 'S' -> {
        int len = in.readInt();
        if (len < 0 || len > 16 * 1024 * 1024) {
          throw new IllegalArgumentException("a text of " + len + " bytes");
        }
        byte[] b = in.readNBytes(len);
        if (b.length != len) {
          throw new EOFException();
        }
        yield new String(b, java.nio.charset.StandardCharsets.UTF_8);
      }
      case 'I' -> in.readInt();
      case 'L' -> in.readLong();
      case 'M' -> {
        try {
          yield new BigDecimal(in.readUTF());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("a bad decimal");
        }
      }
      case 'D' -> in.readDouble();
      case 'F' -> in.readFloat();
      case 'B' -> in.readBoolean();
      default -> throw new IllegalArgumentException("unknown value tag " + tag);
    };
  }
}
