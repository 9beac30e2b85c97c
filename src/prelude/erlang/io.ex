# :io's reading functions and requests written in Elixir (output is native, see src/stdlib/erlang-io.ts).
# The shell's standard input is in binary mode, as iex's: a line comes back as a binary.
defmodule :io do
  @moduledoc false

  def get_line(prompt), do: get_line(:standard_io, prompt)
  def get_line(device, prompt), do: IO.gets(device, prompt)

  # Requests to any I/O device (a pid, a registered name or :standard_io), as OTP's io module
  # makes them: the device's reply, {:error, :arguments} for a name nobody has,
  # {:error, :terminated} for a device that goes down before it answers.
  def get_chars(prompt, count), do: get_chars(:standard_io, prompt, count)

  def get_chars(device, prompt, count) when is_integer(count) and count >= 0,
    do: request(device, {:get_chars, :unicode, prompt, count}, :get_chars)

  def get_password(), do: get_password(:standard_io)
  def get_password(device), do: request(device, {:get_password, :unicode}, :get_password)

  def getopts(), do: getopts(:standard_io)
  def getopts(device), do: request(device, :getopts, :getopts)
  def setopts(opts), do: setopts(:standard_io, opts)
  def setopts(device, opts), do: request(device, {:setopts, opts}, :setopts)

  def columns(), do: columns(:standard_io)
  def columns(device), do: geometry(device, :columns)
  def rows(), do: rows(:standard_io)
  def rows(device), do: geometry(device, :rows)

  defp geometry(device, what) do
    case request(device, {:get_geometry, what}, what) do
      n when is_integer(n) and n > 0 -> {:ok, n}
      _ -> {:error, :enotsup}
    end
  end

  def request(request), do: request(:standard_io, request)
  def request(device, request), do: request(device, convert_request(request), :request)

  def requests(requests), do: requests(:standard_io, requests)

  def requests(device, requests) when is_list(requests),
    do: request(device, {:requests, Enum.map(requests, &convert_request/1)}, :requests)

  # (the function clause OTP's io:request/3 fails on for a device that is neither)
  defp request(device, request, _caller) when is_pid(device) or is_atom(device) do
    case device do
      :standard_io -> standard_io(request)
      _ -> IO.__request__(device, request)
    end
  end

  # A group leader that is an I/O server (ExUnit.CaptureIO's StringIO) answers every request;
  # beamsh's standard input serves reading, its options and geometry are a pipe's.
  defp standard_io(request)
       when request == :getopts or (is_tuple(request) and elem(request, 0) in [:setopts, :get_geometry]) do
    case IO.__request__(:standard_io, request) do
      {:error, :request} -> pipe_option(request)
      reply -> reply
    end
  end

  defp standard_io(request), do: IO.__request__(:standard_io, request)

  defp pipe_option(:getopts), do: [binary: true, encoding: :unicode]
  defp pipe_option({:setopts, _}), do: :ok
  defp pipe_option({:get_geometry, _}), do: {:error, :enotsup}

  # io's requests in the forms older servers knew, as the protocol's put_chars and get_until
  defp convert_request({:write, term}), do: {:put_chars, :unicode, :io_lib, :write, [term]}
  defp convert_request({:format, format, args}), do: {:put_chars, :unicode, :io_lib, :format, [format, args]}
  defp convert_request({:fwrite, format, args}), do: {:put_chars, :unicode, :io_lib, :format, [format, args]}
  defp convert_request(:nl), do: {:put_chars, :unicode, '\n'}

  defp convert_request({:put_chars, encoding, chars} = request) when is_list(chars) do
    case :unicode.characters_to_binary(chars, encoding) do
      binary when is_binary(binary) -> {:put_chars, encoding, binary}
      _ -> request
    end
  rescue
    ArgumentError -> request
  end

  defp convert_request({:fread, prompt, format}), do: {:get_until, :unicode, prompt, :io_lib, :fread, [format]}
  defp convert_request(request), do: request

  # Erlang terms and code read as OTP's io reads them: a get_until request with
  # erl_scan:tokens up to a full stop, then erl_parse. (beamsh's standard input is read a
  # line at a time, the tokens' continuation carried from line to line.)
  def read(prompt), do: read(:standard_io, prompt)

  def read(device, prompt) do
    case scan(device, prompt, [1]) do
      {:ok, toks, _end} -> :erl_parse.parse_term(toks)
      {:error, e, _end} -> {:error, e}
      {:eof, _end} -> :eof
      other -> other
    end
  end

  def read(device, prompt, start), do: read(device, prompt, start, [])

  def read(device, prompt, start, options) do
    case scan(device, prompt, [start, options]) do
      {:ok, toks, end_location} ->
        case :erl_parse.parse_term(toks) do
          {:ok, term} -> {:ok, term, end_location}
          {:error, info} -> {:error, info, end_location}
        end

      other ->
        other
    end
  end

  def scan_erl_exprs(prompt), do: scan_erl_exprs(:standard_io, prompt, 1)
  def scan_erl_exprs(device, prompt), do: scan_erl_exprs(device, prompt, 1)
  def scan_erl_exprs(device, prompt, start), do: scan(device, prompt, [start])
  def scan_erl_exprs(device, prompt, start, options), do: scan(device, prompt, [start, options])

  def scan_erl_form(prompt), do: scan_erl_form(:standard_io, prompt, 1)
  def scan_erl_form(device, prompt), do: scan_erl_form(device, prompt, 1)
  def scan_erl_form(device, prompt, start), do: scan(device, prompt, [start])
  def scan_erl_form(device, prompt, start, options), do: scan(device, prompt, [start, options])

  def parse_erl_exprs(prompt), do: parse_erl_exprs(:standard_io, prompt, 1)
  def parse_erl_exprs(device, prompt), do: parse_erl_exprs(device, prompt, 1)
  def parse_erl_exprs(device, prompt, start), do: parse_erl_exprs(device, prompt, start, [])

  def parse_erl_exprs(device, prompt, start, options),
    do: parsed(scan(device, prompt, [start, options]), &:erl_parse.parse_exprs/1)

  def parse_erl_form(prompt), do: parse_erl_form(:standard_io, prompt, 1)
  def parse_erl_form(device, prompt), do: parse_erl_form(device, prompt, 1)
  def parse_erl_form(device, prompt, start), do: parse_erl_form(device, prompt, start, [])

  def parse_erl_form(device, prompt, start, options),
    do: parsed(scan(device, prompt, [start, options]), &:erl_parse.parse_form/1)

  defp parsed({:ok, toks, end_location}, parse) do
    case parse.(toks) do
      {:ok, result} -> {:ok, result, end_location}
      {:error, info} -> {:error, info, end_location}
    end
  end

  defp parsed(other, _parse), do: other

  defp scan(:standard_io, prompt, args), do: scan_lines(prompt, args, [])
  defp scan(device, prompt, args), do: request(device, {:get_until, :unicode, prompt, :erl_scan, :tokens, args}, :request)

  defp scan_lines(prompt, args, cont) do
    chars =
      case IO.gets(:standard_io, prompt) do
        :eof -> :eof
        {:error, _} = err -> err
        line -> String.to_charlist(line)
      end

    case chars do
      {:error, _} = err ->
        err

      _ ->
        case apply(:erl_scan, :tokens, [cont, chars | args]) do
          {:done, result, _rest} -> result
          {:more, cont} -> scan_lines(prompt, args, cont)
        end
    end
  end

  # Reads lines until the format is used up (io_lib_fread's continuation).
  def fread(prompt, format), do: fread(:standard_io, prompt, format)
  def fread(device, prompt, format), do: fread_more(device, prompt, format, [])

  defp fread_more(device, prompt, format, cont) do
    case IO.gets(device, prompt) do
      :eof ->
        case :io_lib_fread.fread(cont, :eof, format) do
          {:done, result, _} -> result
          {:more, _} -> {:error, {:fread, :input}}
        end

      {:error, _} = err ->
        err

      line ->
        case :io_lib_fread.fread(cont, String.to_charlist(line), format) do
          {:done, result, _rest} -> result
          {:more, cont} -> fread_more(device, prompt, format, cont)
        end
    end
  end
end
