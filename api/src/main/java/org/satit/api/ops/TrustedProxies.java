package org.satit.api.ops;

import com.google.common.net.InetAddresses;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The reverse proxies in front of satit (TLS, load balancer) and, through them, which client a request comes
 * from. Without proxies the client is the connected peer. With them ({@code server.trustedProxies}: addresses
 * or CIDR blocks, IPv4 or IPv6) the client is read from {@code X-Forwarded-For}, but only when the peer is one
 * of the listed proxies: each proxy appends the address it received the request from, so the header is walked
 * from the right, listed proxies are skipped, and the first address that is not a listed proxy is the client.
 * What a client wrote into the header itself sits further left and is never reached; the header of a peer
 * that is not a listed proxy is ignored. CIDR matching is Jetty's {@link InetAddressSet}; addresses are parsed
 * as literals only (Guava), never looked up in DNS.
 */
public final class TrustedProxies {

  private static final TrustedProxies NONE = new TrustedProxies(List.of(), new InetAddressSet());

  private final List<String> listed;
  private final InetAddressSet proxies;

  private TrustedProxies(List<String> listed, InetAddressSet proxies) {
    this.listed = listed;
    this.proxies = proxies;
  }

  /** No proxy: every client is its connection's peer, and {@code X-Forwarded-For} is ignored. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * The proxies at these addresses or CIDR blocks, e.g. {@code 127.0.0.1}, {@code 10.0.0.0/8},
   * {@code ::1/128}, {@code fd00::/8}; a bad entry is an {@link IllegalArgumentException} naming it.
   */
  public static TrustedProxies of(List<String> entries) {
    if (entries == null || entries.isEmpty()) {
      return NONE;
    }
    InetAddressSet set = new InetAddressSet();
    List<String> listed = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw == null ? "" : raw.strip();
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      if (!InetAddresses.isInetAddress(address)) {
        throw new IllegalArgumentException("'" + raw + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8, ::1/128)");
      }
      if (slash >= 0) {
        int max = InetAddresses.forString(address).getAddress().length * 8;
        String bits = entry.substring(slash + 1);
        if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > max) {
          throw new IllegalArgumentException("'" + raw + "': the prefix length must be 0 to " + max);
        }
      }
      set.add(entry);
      listed.add(entry);
    }
    return new TrustedProxies(List.copyOf(listed), set);
  }

  /** The entries as configured. */
  public List<String> listed() {
    return listed;
  }

  /** The client's address (canonical text, so that one address is always one key). */
  public String client(Context ctx) {
    if (listed.isEmpty()) {
      return ctx.ip();
    }
    return client(ctx.req().getRemoteAddr(), Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
  }

  /** The client of a request from {@code peer} carrying these {@code X-Forwarded-For} header lines, in order. */
  String client(String peer, List<String> forwardedFor) {
    InetAddress hop = parse(peer);
    if (hop == null) {
      return peer;
    }
    if (!proxies.test(hop)) {
      return InetAddresses.toAddrString(hop);
    }
    List<String> entries = new ArrayList<>();
    for (String line : forwardedFor) {
      for (String e : line.split(",")) {
        entries.add(e);
      }
    }
    for (int i = entries.size() - 1; i >= 0; i--) {
      InetAddress a = parse(entries.get(i));
      if (a == null) {
        break; // not an address ("unknown", garbage): the last proxy reached is as far as anything is known
      }
      hop = a;
      if (!proxies.test(a)) {
        return InetAddresses.toAddrString(a);
      }
    }
    return InetAddresses.toAddrString(hop); // every hop a listed proxy: the left-most one
  }

  /** An address literal, with or without brackets or a port ({@code [2001:db8::1]:443}, {@code 192.0.2.1:80}). */
  private static InetAddress parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      s = end < 0 ? "" : s.substring(1, end);
    } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':') && s.indexOf('.') > 0) {
      s = s.substring(0, s.indexOf(':'));
    }
    return InetAddresses.isInetAddress(s) ? InetAddresses.forString(s) : null;
  }
}
