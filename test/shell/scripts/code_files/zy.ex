defmodule CodeFilesZ do
  def z, do: :z
end

defmodule CodeFilesY do
end
