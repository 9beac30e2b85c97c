# Version: semantic versions (major.minor.patch, pre-release parts, build) and requirements
# ("~> 2.0", ">= 1.0.0 and < 2.0.0"), as Elixir 1.14 documents them. Parsing lives in
# Version.Parser, requirement matching in Version.Requirement.
defmodule Version do
  @enforce_keys [:major, :minor, :patch]
  @derive {Inspect, optional: [:pre, :build]}
  defstruct [:major, :minor, :patch, pre: [], build: nil]

  def match?(version, requirement, opts \\ [])

  def match?(version, requirement, opts) when is_binary(requirement) do
    match?(version, parse_requirement!(requirement), opts)
  end

  def match?(version, requirement, opts) do
    Version.Requirement.match?(requirement, matchable(version, Keyword.get(opts, :allow_pre, true)))
  end

  def compare(version1, version2) do
    Version.Requirement.compare(matchable(version1, true), matchable(version2, true))
  end

  def parse(string) when is_binary(string) do
    case Version.Parser.parse_version(string) do
      {:ok, {major, minor, patch, pre, build}} ->
        {:ok, %Version{major: major, minor: minor, patch: patch, pre: pre, build: if(build == [], do: nil, else: Enum.join(build, "."))}}

      :error ->
        :error
    end
  end

  def parse!(string) when is_binary(string) do
    case parse(string) do
      {:ok, version} -> version
      :error -> raise Version.InvalidVersionError, string
    end
  end

  def parse_requirement(string) when is_binary(string) do
    case Version.Parser.parse_requirement(string) do
      {:ok, lexed} -> {:ok, Version.Requirement.new(string, lexed)}
      :error -> :error
    end
  end

  def parse_requirement!(string) when is_binary(string) do
    case parse_requirement(string) do
      {:ok, requirement} -> requirement
      :error -> raise Version.InvalidRequirementError, string
    end
  end

  def compile_requirement(requirement), do: Version.Requirement.compile_requirement(requirement)

  def to_string(%Version{major: major, minor: minor, patch: patch, pre: pre, build: build}) do
    pre = if pre == [], do: "", else: "-" <> Enum.map_join(pre, ".", &pre_part/1)
    build = if build, do: "+" <> build, else: ""
    # (Integer.to_string: inside this module a bare to_string/1 is Version.to_string/1)
    Integer.to_string(major) <> "." <> Integer.to_string(minor) <> "." <> Integer.to_string(patch) <> pre <> build
  end

  defp pre_part(part) when is_integer(part), do: Integer.to_string(part)
  defp pre_part(part) when is_binary(part), do: part

  # {major, minor, patch, pre, allow_pre?}: what requirements are matched against.
  defp matchable(%Version{major: major, minor: minor, patch: patch, pre: pre}, allow_pre), do: {major, minor, patch, pre, allow_pre}

  defp matchable(string, allow_pre) do
    case Version.Parser.parse_version(string) do
      {:ok, {major, minor, patch, pre, _build}} -> {major, minor, patch, pre, allow_pre}
      :error -> raise Version.InvalidVersionError, string
    end
  end
end

defimpl String.Chars, for: Version do
  def to_string(version), do: Version.to_string(version)
end
