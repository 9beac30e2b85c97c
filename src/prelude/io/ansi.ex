# IO.ANSI: the ANSI escape sequences as functions returning binaries, and format/2 and
# format_fragment/2 turning ANSI data (nested lists of strings, chars and sequence atoms)
# into iodata. Written for beamsh from the documented behaviour of Elixir 1.14.
defmodule IO.ANSI do
  @type ansicode :: atom
  @type ansilist ::
          maybe_improper_list(char | ansicode | binary | ansilist, binary | ansicode | [])
  @type ansidata :: ansilist | ansicode | binary

  # name => the parameter of its "\e[...m" (Select Graphic Rendition) sequence
  @sgr [
    reset: 0,
    bright: 1,
    faint: 2,
    italic: 3,
    underline: 4,
    blink_slow: 5,
    blink_rapid: 6,
    inverse: 7,
    reverse: 7,
    conceal: 8,
    crossed_out: 9,
    primary_font: 10,
    font_1: 11,
    font_2: 12,
    font_3: 13,
    font_4: 14,
    font_5: 15,
    font_6: 16,
    font_7: 17,
    font_8: 18,
    font_9: 19,
    normal: 22,
    not_italic: 23,
    no_underline: 24,
    blink_off: 25,
    inverse_off: 27,
    reverse_off: 27,
    black: 30,
    red: 31,
    green: 32,
    yellow: 33,
    blue: 34,
    magenta: 35,
    cyan: 36,
    white: 37,
    default_color: 39,
    black_background: 40,
    red_background: 41,
    green_background: 42,
    yellow_background: 43,
    blue_background: 44,
    magenta_background: 45,
    cyan_background: 46,
    white_background: 47,
    default_background: 49,
    framed: 51,
    encircled: 52,
    overlined: 53,
    not_framed_encircled: 54,
    not_overlined: 55,
    light_black: 90,
    light_red: 91,
    light_green: 92,
    light_yellow: 93,
    light_blue: 94,
    light_magenta: 95,
    light_cyan: 96,
    light_white: 97,
    light_black_background: 100,
    light_red_background: 101,
    light_green_background: 102,
    light_yellow_background: 103,
    light_blue_background: 104,
    light_magenta_background: 105,
    light_cyan_background: 106,
    light_white_background: 107
  ]

  for {name, code} <- @sgr do
    def unquote(name)(), do: unquote("\e[#{code}m")
    defp format_sequence(unquote(name)), do: unquote("\e[#{code}m")
  end

  def home, do: "\e[H"
  defp format_sequence(:home), do: "\e[H"
  def clear, do: "\e[2J"
  defp format_sequence(:clear), do: "\e[2J"
  def clear_line, do: "\e[2K"
  defp format_sequence(:clear_line), do: "\e[2K"

  defp format_sequence(other) do
    raise ArgumentError, "invalid ANSI sequence specification: #{inspect(other)}"
  end

  @doc "Whether ANSI escapes are enabled (the :ansi_enabled setting of the :elixir application)."
  def enabled? do
    Application.get_env(:elixir, :ansi_enabled, false)
  end

  @doc "The colors IEx and inspect use for each kind of term by default."
  def syntax_colors do
    [
      atom: :cyan,
      binary: :default_color,
      boolean: :magenta,
      charlist: :yellow,
      list: :default_color,
      map: :default_color,
      nil: :magenta,
      number: :yellow,
      string: :green,
      tuple: :default_color
    ]
  end

  def color(code) when code in 0..255, do: "\e[38;5;#{code}m"

  def color(r, g, b) when r in 0..5 and g in 0..5 and b in 0..5 do
    color(16 + 36 * r + 6 * g + b)
  end

  def color_background(code) when code in 0..255, do: "\e[48;5;#{code}m"

  def color_background(r, g, b) when r in 0..5 and g in 0..5 and b in 0..5 do
    color_background(16 + 36 * r + 6 * g + b)
  end

  def cursor(line, column)
      when is_integer(line) and line >= 0 and is_integer(column) and column >= 0 do
    "\e[#{line};#{column}H"
  end

  def cursor_up(lines \\ 1) when is_integer(lines) and lines >= 1, do: "\e[#{lines}A"
  def cursor_down(lines \\ 1) when is_integer(lines) and lines >= 1, do: "\e[#{lines}B"
  def cursor_right(columns \\ 1) when is_integer(columns) and columns >= 1, do: "\e[#{columns}C"
  def cursor_left(columns \\ 1) when is_integer(columns) and columns >= 1, do: "\e[#{columns}D"

  @doc "ANSI data as iodata, ending with a reset when it emitted any sequence."
  def format(ansidata, emit? \\ enabled?()) when is_boolean(emit?) do
    do_format(ansidata, [], [], emit?, :maybe)
  end

  @doc "ANSI data as iodata, without the closing reset."
  def format_fragment(ansidata, emit? \\ enabled?()) when is_boolean(emit?) do
    do_format(ansidata, [], [], emit?, false)
  end

  # do_format(term, pending tails, iodata so far, emit?, reset at the end: :maybe | true | false)
  defp do_format([head | tail], pending, acc, emit?, reset) do
    do_format(head, [tail | pending], acc, emit?, reset)
  end

  defp do_format([], [next | pending], acc, emit?, reset) do
    do_format(next, pending, acc, emit?, reset)
  end

  defp do_format([], [], acc, true, true), do: [acc | "\e[0m"]
  defp do_format([], [], acc, _emit?, _reset), do: acc

  defp do_format(atom, pending, acc, true, reset) when is_atom(atom) do
    do_format([], pending, [acc | format_sequence(atom)], true, reset != false)
  end

  defp do_format(atom, pending, acc, false, reset) when is_atom(atom) do
    do_format([], pending, acc, false, reset)
  end

  defp do_format(other, pending, acc, emit?, reset) do
    do_format([], pending, [acc, other], emit?, reset)
  end
end
