package io.verdis.command.sortedsets;

import io.verdis.command.Args;
import io.verdis.command.CommandException;
import io.verdis.command.Errors;
import io.verdis.command.KeyspaceCall;

import java.util.Arrays;

/**
 * The options after the keys of ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, as
 * Redis's zunionInterDiffGenericCommand reads them: WEIGHTS w … and AGGREGATE SUM|MIN|MAX (not
 * for ZDIFF nor ZINTERCARD), WITHSCORES (not for the STORE forms), LIMIT (ZINTERCARD only).
 */
final class SetOperationOptions {
  /** How the scores of a member found in several inputs combine (Redis's zunionInterAggregate). */
  enum Aggregate {
    SUM, MIN, MAX;

    double apply(double target, double value) {
      switch (this) {
        case SUM: {
          // inf + -inf is NaN: Redis makes it 0.
          double sum = target + value;
          return Double.isNaN(sum) ? 0.0 : sum;
        }
        case MIN:
          return value < target ? value : target;
        default:
          return value > target ? value : target;
      }
    }
  }

  private final double[] weights;
  private Aggregate aggregate = Aggregate.SUM;
  private boolean withScores;
  private long limit;

  private SetOperationOptions(int inputs) {
    weights = new double[inputs];
    Arrays.fill(weights, 1.0);
  }

  /**
   * @param from          the first argument after the keys
   * @param weighted      WEIGHTS and AGGREGATE are allowed (ZUNION, ZINTER and their STORE forms)
   * @param replying      WITHSCORES is allowed (ZUNION, ZINTER, ZDIFF)
   * @param cardinality   ZINTERCARD: only LIMIT is allowed
   */
  static SetOperationOptions parse(KeyspaceCall c, int from, int inputs, boolean weighted, boolean replying,
      boolean cardinality) {
    SetOperationOptions options = new SetOperationOptions(inputs);
    int j = from;
    while (j < c.argc()) {
      int remaining = c.argc() - j;
      byte[] option = c.arg(j);
      if (weighted && remaining >= inputs + 1 && Args.is(option, "weights")) {
        for (int i = 0; i < inputs; i++) {
          options.weights[i] = Strtod.parseWhole(c.arg(j + 1 + i), "ERR weight value is not a float");
        }
        j += inputs + 1;
      } else if (weighted && remaining >= 2 && Args.is(option, "aggregate")) {
        options.aggregate = aggregate(c.arg(j + 1));
        j += 2;
      } else if (replying && Args.is(option, "withscores")) {
        options.withScores = true;
        j++;
      } else if (cardinality && remaining >= 2 && Args.is(option, "limit")) {
        options.limit = Args.parseLong(c.arg(j + 1), "ERR LIMIT can't be negative");
        if (options.limit < 0) {
          throw new CommandException("ERR LIMIT can't be negative");
        }
        j += 2;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    return options;
  }

  /** The weight of the input at {@code index} (1 unless WEIGHTS says otherwise). */
  double weight(int index) {
    return weights[index];
  }

  Aggregate aggregate() {
    return aggregate;
  }

  boolean withScores() {
    return withScores;
  }

  /** ZINTERCARD's LIMIT; 0 for none. */
  long limit() {
    return limit;
  }

  private static Aggregate aggregate(byte[] name) {
    if (Args.is(name, "sum")) {
      return Aggregate.SUM;
    } else if (Args.is(name, "min")) {
      return Aggregate.MIN;
    } else if (Args.is(name, "max")) {
      return Aggregate.MAX;
    }
    throw new CommandException(Errors.SYNTAX);
  }
}
