# :epp's encoding helpers (the preprocessor itself is not here): the default source
# encoding of OTP 25 and the coding comment that names an encoding.
defmodule :epp do
  @moduledoc false

  def default_encoding, do: :utf8

  def encoding_to_string(:latin1), do: 'coding: latin-1'
  def encoding_to_string(:utf8), do: 'coding: utf-8'
end
