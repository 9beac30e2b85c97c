defmodule DynamicSupervisor.Default do
  @moduledoc false
  def init(args), do: args
end
