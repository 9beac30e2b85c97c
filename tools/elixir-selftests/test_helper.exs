# Stands in for Elixir's lib/elixir/test/elixir/test_helper.exs when Elixir's own unit tests
# run under `elixir` and under beamsh (tools/elixir-selftests/run.mjs puts it in its place).
# It keeps what the stdlib tests use (PathHelpers, CodeFormatterHelpers, ExUnit.start with
# the excludes of a Unix machine) and adds the SelftestResults formatter (selftest_results.exs,
# which run.mjs puts before this file), so the two runs can be compared test by test.
# Doctests are excluded: beamsh's library modules carry beamsh's own doc text, not Elixir's;
# their doctests are measured elsewhere.

defmodule PathHelpers do
  # Beam files compiled on demand (write_beam/1), as Elixir's helper keeps them (not put on
  # the code path: the two tests that read them back need .beam files, skip.json).
  @beams Path.expand("../../tmp/beams", __DIR__)

  def fixture_path(), do: Path.expand("fixtures", __DIR__)
  def tmp_path(), do: Path.expand("../../tmp", __DIR__)
  def fixture_path(extra), do: Path.join(fixture_path(), extra)
  def tmp_path(extra), do: Path.join(tmp_path(), extra)
  def write_beam({:module, name, bin, _} = res) do
    File.mkdir_p!(@beams)
    File.write!(Path.join(@beams, Atom.to_string(name) <> ".beam"), bin)
    res
  end

  def windows?, do: false
  def executable_extension, do: ""
  def redirect_std_err_on_win, do: ""
end

defmodule CodeFormatterHelpers do
  defmacro assert_same(good, opts \\ []) do
    quote bind_quoted: [good: good, opts: opts] do
      assert IO.iodata_to_binary(Code.format_string!(good, opts)) == String.trim(good)
    end
  end

  defmacro assert_format(bad, good, opts \\ []) do
    quote bind_quoted: [bad: bad, good: good, opts: opts] do
      result = String.trim(good)
      assert IO.iodata_to_binary(Code.format_string!(bad, opts)) == result
      assert IO.iodata_to_binary(Code.format_string!(good, opts)) == result
    end
  end
end

ExUnit.start(
  assert_receive_timeout: 500,
  exclude: [:doctest, windows: true, epmd: true],
  formatters: [ExUnit.CLIFormatter, SelftestResults]
)
