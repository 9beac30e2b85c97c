// Operator precedence and associativity, taken from the precedence declarations of
// Elixir 1.14's `elixir_parser.yrl` (higher binds tighter). Binary operators are keyed by
// token kind, because the grammar gives every operator of a kind the same level.
import type { TokenKind } from "./token.js";

export type Assoc = "left" | "right" | "nonassoc";

export interface OpInfo {
  prec: number;
  assoc: Assoc;
}

/**
 * | prec | assoc    | kind            | operators                                   |
 * |------|----------|-----------------|---------------------------------------------|
 * |   5  | left     | do              | (do blocks bind to the outermost call)       |
 * |  10  | right    | stab_op         | ->                                          |
 * |  20  | left     | ,               |                                             |
 * |  40  | left     | in_match_op     | <-  \\                                      |
 * |  50  | right    | when_op         | when                                        |
 * |  60  | right    | type_op         | ::                                          |
 * |  70  | right    | pipe_op         | |                                           |
 * |  80  | right    | assoc_op        | =>  (only inside maps)                      |
 * |  90  | nonassoc | capture_op      | & (prefix)                                  |
 * | 100  | right    | match_op        | =                                           |
 * | 110  | left     | or_op           | ||  |||  or                                 |
 * | 130  | left     | and_op          | &&  &&&  and                                |
 * | 140  | left     | comp_op         | ==  !=  =~  ===  !==                        |
 * | 150  | left     | rel_op          | <  >  <=  >=                                |
 * | 160  | left     | arrow_op        | |>  <<<  >>>  <<~  ~>>  <~  ~>  <~>  <|>    |
 * | 170  | left     | in_op           | in  not in                                  |
 * | 180  | left     | xor_op          | ^^^                                         |
 * | 190  | right    | ternary_op      | //  (range step: a..b//c)                   |
 * | 200  | right    | concat_op       | ++  --  +++  ---  <>                        |
 * | 200  | right    | range_op        | ..                                          |
 * | 210  | left     | dual_op         | +  -                                        |
 * | 220  | left     | mult_op         | *  /                                        |
 * | 230  | left     | power_op        | **                                          |
 * | 300  | nonassoc | unary_op        | !  ^  not  ~~~  (and unary + - //)          |
 * | 310  | left     | dot_op/dot_call | .  .(                                       |
 * | 320  | nonassoc | at_op           | @ (prefix)                                  |
 * | 330  | nonassoc | dot_identifier  | (identifiers bind before anything else)     |
 */
export const BINARY_OPS: Partial<Record<TokenKind, OpInfo>> = {
  in_match_op: { prec: 40, assoc: "left" },
  when_op: { prec: 50, assoc: "right" },
  type_op: { prec: 60, assoc: "right" },
  pipe_op: { prec: 70, assoc: "right" },
  match_op: { prec: 100, assoc: "right" },
  or_op: { prec: 110, assoc: "left" },
  and_op: { prec: 130, assoc: "left" },
  comp_op: { prec: 140, assoc: "left" },
  rel_op: { prec: 150, assoc: "left" },
  arrow_op: { prec: 160, assoc: "left" },
  in_op: { prec: 170, assoc: "left" },
  xor_op: { prec: 180, assoc: "left" },
  ternary_op: { prec: 190, assoc: "right" },
  concat_op: { prec: 200, assoc: "right" },
  range_op: { prec: 200, assoc: "right" },
  dual_op: { prec: 210, assoc: "left" },
  mult_op: { prec: 220, assoc: "left" },
  power_op: { prec: 230, assoc: "left" },
};

/** Prefix operators: the operand is parsed with this minimum precedence. */
export const UNARY_OPS: Partial<Record<TokenKind, OpInfo>> = {
  capture_op: { prec: 90, assoc: "nonassoc" },
  unary_op: { prec: 300, assoc: "nonassoc" },
  dual_op: { prec: 300, assoc: "nonassoc" },
  ternary_op: { prec: 300, assoc: "nonassoc" },
  at_op: { prec: 320, assoc: "nonassoc" },
};

export const ASSOC_PREC = 80;
export const PIPE_PREC = 70;
export const DOT_PREC = 310;

/** The minimum precedence for the right operand of a binary operator. */
export function rightPrec(op: OpInfo): number {
  return op.assoc === "right" ? op.prec - 1 : op.prec;
}
