package io.verdis.server;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** TEMPORARY stand-in until the real configuration lands. */
public final class Config {
  public int port = 6379;
  public int pizzariaPort = 8085;
  public int httpPort = 8080;
  public int shards = Runtime.getRuntime().availableProcessors();
  public String requirepass = "";

  public static Config load(String[] args, Map<String, String> env) throws ConfigException {
    Config c = new Config();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> c.port = Integer.parseInt(args[i + 1]);
        case "--pizzaria-port" -> c.pizzariaPort = Integer.parseInt(args[i + 1]);
        case "--http-port" -> c.httpPort = Integer.parseInt(args[i + 1]);
        case "--shards" -> c.shards = Integer.parseInt(args[i + 1]);
        case "--requirepass" -> c.requirepass = args[i + 1];
        default -> { }
      }
    }
    return c;
  }

  public List<String> warnings() { return List.of(); }
  public int port() { return port; }
  public List<String> bind() { return List.of("127.0.0.1", "-::1"); }
  public int pizzariaPort() { return pizzariaPort; }
  public int httpPort() { return httpPort; }
  public int shards() { return shards; }
  public int databases() { return 16; }
  public String requirepass() { return requirepass; }
  public int maxclients() { return 10000; }
  public long protoMaxBulkLen() { return 512L * 1024 * 1024; }
  public String loglevel() { return "notice"; }
  public String logfile() { return ""; }
  public int hz() { return 10; }
  public int tcpKeepalive() { return 300; }
  public int tcpBacklog() { return 511; }
  public long slowlogLogSlowerThan() { return 10000; }
  public int slowlogMaxLen() { return 128; }
  public void onChange(String name, Consumer<Config> listener) { }
}
