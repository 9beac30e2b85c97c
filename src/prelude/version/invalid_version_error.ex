defmodule Version.InvalidVersionError do
  defexception [:version]

  def exception(version) when is_binary(version), do: %Version.InvalidVersionError{version: version}

  def message(%{version: version}), do: "invalid version: #{inspect(version)}"
end
