package io.verdis.web.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds one command's arguments from text, numbers and bytes. */
final class Argv {
  private final List<byte[]> args = new ArrayList<>();

  private Argv() {
  }

  static Argv of(String name) {
    return new Argv().add(name);
  }

  /** A command of text arguments, in one go. */
  static byte[][] of(String name, byte[]... args) {
    Argv argv = of(name);
    for (byte[] arg : args) {
      argv.add(arg);
    }
    return argv.build();
  }

  Argv add(String text) {
    args.add(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  Argv add(byte[] bytes) {
    args.add(bytes);
    return this;
  }

  Argv add(long number) {
    return add(Long.toString(number));
  }

  byte[][] build() {
    return args.toArray(new byte[0][]);
  }
}
