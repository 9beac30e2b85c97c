# A parsed version requirement: its source text and the lexed operators and versions
# ([op, version, :and | :or, op, version, ...]), matched left to right as Elixir does.
defmodule Version.Requirement do
  defstruct [:source, :lexed]

  def new(source, lexed), do: %Version.Requirement{source: source, lexed: lexed}

  def compile_requirement(%Version.Requirement{} = requirement), do: requirement

  def match?(%Version.Requirement{lexed: [op, req | rest]}, version), do: match_rest(rest, version, match_op(op, req, version))

  defp match_rest([:and, op, req | rest], version, acc), do: match_rest(rest, version, acc and match_op(op, req, version))
  defp match_rest([:or, op, req | rest], version, acc), do: acc or match_rest(rest, version, match_op(op, req, version))
  defp match_rest([], _version, acc), do: acc

  defp match_op(:==, req, version), do: compare(version, req) == :eq
  defp match_op(:!=, req, version), do: compare(version, req) != :eq

  defp match_op(:~>, {major, minor, nil, req_pre, _}, {_, _, _, pre, allow_pre} = version) do
    compare(version, {major, minor, 0, req_pre, nil}) in [:eq, :gt] and
      compare(version, {major + 1, 0, 0, [0], nil}) == :lt and pre_allowed(allow_pre, req_pre, pre)
  end

  defp match_op(:~>, {major, minor, _, req_pre, _} = req, {_, _, _, pre, allow_pre} = version) do
    compare(version, req) in [:eq, :gt] and
      compare(version, {major, minor + 1, 0, [0], nil}) == :lt and pre_allowed(allow_pre, req_pre, pre)
  end

  defp match_op(:>, {_, _, _, req_pre, _} = req, {_, _, _, pre, allow_pre} = version) do
    compare(version, req) == :gt and pre_allowed(allow_pre, req_pre, pre)
  end

  defp match_op(:>=, {_, _, _, req_pre, _} = req, {_, _, _, pre, allow_pre} = version) do
    compare(version, req) in [:eq, :gt] and pre_allowed(allow_pre, req_pre, pre)
  end

  defp match_op(:<, req, version), do: compare(version, req) == :lt
  defp match_op(:<=, req, version), do: compare(version, req) in [:eq, :lt]

  # A pre-release version matches only when allowed or when the requirement has one too.
  defp pre_allowed(allow_pre, req_pre, pre), do: allow_pre or req_pre != [] or pre == []

  @doc false
  def compare({major1, minor1, patch1, pre1, _}, {major2, minor2, patch2, pre2, _}) do
    cond do
      {major1, minor1, patch1} > {major2, minor2, patch2} -> :gt
      {major1, minor1, patch1} < {major2, minor2, patch2} -> :lt
      pre1 == [] and pre2 != [] -> :gt
      pre1 != [] and pre2 == [] -> :lt
      pre1 > pre2 -> :gt
      pre1 < pre2 -> :lt
      true -> :eq
    end
  end
end

defimpl String.Chars, for: Version.Requirement do
  def to_string(%Version.Requirement{source: source}), do: source
end
