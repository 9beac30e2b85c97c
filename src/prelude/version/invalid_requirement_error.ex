defmodule Version.InvalidRequirementError do
  defexception [:requirement]

  def exception(requirement) when is_binary(requirement), do: %Version.InvalidRequirementError{requirement: requirement}

  def message(%{requirement: requirement}), do: "invalid requirement: #{inspect(requirement)}"
end
