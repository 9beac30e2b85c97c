# :erl_parse as OTP 25 documents it. The grammar is `:beamsh_erl_parse.parse/1`
# (src/stdlib/erl-parse.ts): one form from erl_scan's tokens; parse_exprs/1 and
# parse_term/1 read their tokens as the body of `f() ->`, as OTP does. Here: the terms of
# literal abstract code (normalise/1, binaries built as eval_bits builds them), abstract/1,2
# (strings by the encoding), tokens/1,2, the operator precedences erl_pp uses, and the
# walks over annotations (map_anno, fold_anno, mapfold_anno...) in modify_anno1's order.
defmodule :erl_parse do
  @moduledoc false

  def parse_form(tokens), do: grammar(tokens)

  # The grammar's own entry: one form, `spec` and `callback` after `-` being keyword tokens
  # ({:spec, anno}, as parse_form/1 makes them) and atoms there plain attribute names.
  def parse([{:-, a1}, {kind, a2} | tokens]) when kind in [:spec, :callback], do: grammar([{:-, a1}, {:atom, a2, kind} | tokens])
  def parse(tokens) when is_list(tokens), do: grammar(tokens, &:beamsh_erl_parse.parse_plain/1)
  def parse(tokens), do: :erlang.error(:function_clause, [tokens])

  def parse_exprs(tokens) do
    a = :erl_anno.new(0)

    case grammar([{:atom, a, :f}, {:"(", a}, {:")", a}, {:->, a} | tokens]) do
      {:ok, {:function, _, :f, 0, [{:clause, _, [], [], exprs}]}} -> {:ok, exprs}
      {:error, _} = err -> err
    end
  end

  def parse_term(tokens) do
    a = :erl_anno.new(0)

    case grammar([{:atom, a, :f}, {:"(", a}, {:")", a}, {:->, a} | tokens]) do
      {:ok, {:function, _, :f, 0, [{:clause, _, [], [], [expr]}]}} ->
        try do
          normalise(expr)
        catch
          _, _ -> {:error, {first_location(expr), :erl_parse, 'bad term'}}
        else
          term -> {:ok, term}
        end

      {:ok, {:function, _, :f, 0, [{:clause, _, [], [], [_, e2 | _]}]}} ->
        {:error, {first_location(e2), :erl_parse, 'bad term'}}

      {:error, _} = err ->
        err
    end
  end

  defp grammar(tokens, parser \\ &:beamsh_erl_parse.parse/1)

  defp grammar(tokens, parser) when is_list(tokens) do
    case parser.(tokens) do
      {:error, {loc, :erl_parse, {:before, kind, token}}} -> {:error, {loc, :erl_parse, ['syntax error before: ', token_string(kind, token)]}}
      :badarg -> :erlang.error(:function_clause, [tokens])
      other -> other
    end
  end

  defp token_string(:"$char", {_, _, c}), do: :io_lib.write_char(c)
  defp token_string(:"$string", {_, _, s}), do: :io_lib.write_string(s)
  defp token_string(_, {_, _, v} = token) when is_integer(v) or is_float(v), do: safe(fn -> :io_lib.write(v) end, token)
  defp token_string(_, {_, _, v}), do: :lists.flatten(:io_lib.format('~tp', [v]))
  defp token_string(_, token), do: :lists.flatten(:io_lib.format('~tp', [token]))

  defp safe(f, token) do
    try do
      :lists.flatten(f.())
    catch
      _, _ -> :lists.flatten(:io_lib.format('~tp', [token]))
    end
  end

  def first_anno(abstract), do: :beamsh_erl_parse.first_anno(abstract)
  defp first_location(abstract), do: :erl_anno.location(first_anno(abstract))

  def format_error(message) do
    if :io_lib.deep_char_list(message), do: message, else: :io_lib.write(message)
  end

  # ---- terms

  def normalise({:char, _, c}), do: c
  def normalise({:integer, _, i}), do: i
  def normalise({:float, _, f}), do: f
  def normalise({:atom, _, a}), do: a
  def normalise({:string, _, s}), do: s
  def normalise({nil, _}), do: []
  def normalise({:bin, _, fields}), do: :beamsh_eval_bits.build(fields, fn e -> normalise(e) end)
  def normalise({:cons, _, head, tail}), do: [normalise(head) | normalise(tail)]
  def normalise({:tuple, _, args}), do: :erlang.list_to_tuple(for(a <- args, do: normalise(a)))

  def normalise({:map, _, pairs} = m) do
    :maps.from_list(
      :lists.map(
        fn
          {:map_field_assoc, _, k, v} -> {normalise(k), normalise(v)}
          _ -> :erlang.error({:badarg, m})
        end,
        pairs
      )
    )
  end

  def normalise({:fun, _, {:function, {:atom, _, m}, {:atom, _, f}, {:integer, _, a}}}), do: Function.capture(m, f, a)
  def normalise({:op, _, :+, {:char, _, i}}), do: i
  def normalise({:op, _, :+, {:integer, _, i}}), do: i
  def normalise({:op, _, :+, {:float, _, f}}), do: f
  def normalise({:op, _, :-, {:char, _, i}}), do: -i
  def normalise({:op, _, :-, {:integer, _, i}}), do: -i
  def normalise({:op, _, :-, {:float, _, f}}), do: -f
  def normalise(x), do: :erlang.error({:badarg, x})

  def abstract(t), do: abstract(t, :erl_anno.new(0), enc_func(:utf8))

  def abstract(t, options) when is_list(options) do
    encoding = :proplists.get_value(:encoding, options, :utf8)

    location =
      case :proplists.get_value(:location, options) do
        :undefined -> :proplists.get_value(:line, options, 0)
        loc -> loc
      end

    abstract(t, :erl_anno.new(location), enc_func(encoding))
  end

  def abstract(t, location), do: abstract(t, :erl_anno.new(location), enc_func(:utf8))

  defp enc_func(:latin1), do: fn c -> c < 256 end
  defp enc_func(:unicode), do: &unicode?/1
  defp enc_func(:utf8), do: &unicode?/1
  defp enc_func(:none), do: :none
  defp enc_func(f) when is_function(f, 1), do: f
  defp enc_func(term), do: :erlang.error({:badarg, term})

  defp unicode?(c), do: c < 0xD800 or (c > 0xDFFF and c < 0xFFFE) or (c > 0xFFFF and c <= 0x10FFFF)

  defp abstract(t, a, _) when is_integer(t), do: {:integer, a, t}
  defp abstract(t, a, _) when is_float(t), do: {:float, a, t}
  defp abstract(t, a, _) when is_atom(t), do: {:atom, a, t}
  defp abstract([], a, _), do: {nil, a}
  defp abstract(b, a, _) when is_bitstring(b), do: {:bin, a, for(byte <- :erlang.bitstring_to_list(b), do: abstract_byte(byte, a))}
  defp abstract([h | t], a, :none = e), do: {:cons, a, abstract(h, a, e), abstract(t, a, e)}
  defp abstract(list, a, e) when is_list(list), do: abstract_list(list, [], a, e)
  defp abstract(tuple, a, e) when is_tuple(tuple), do: {:tuple, a, for(x <- :erlang.tuple_to_list(tuple), do: abstract(x, a, e))}
  defp abstract(map, a, e) when is_map(map), do: {:map, a, for({k, v} <- :maps.to_list(map), do: {:map_field_assoc, a, abstract(k, a, e), abstract(v, a, e)})}

  defp abstract(fun, a, e) when is_function(fun) do
    case :erlang.fun_info(fun, :type) do
      {:type, :external} ->
        info = :erlang.fun_info(fun)
        {:module, m} = :lists.keyfind(:module, 1, info)
        {:name, f} = :lists.keyfind(:name, 1, info)
        {:arity, arity} = :lists.keyfind(:arity, 1, info)
        {:fun, a, {:function, abstract(m, a, e), abstract(f, a, e), abstract(arity, a, e)}}
    end
  end

  defp abstract_list([h | t], string, a, e) do
    if is_integer(h) and h >= 0 and e.(h) do
      abstract_list(t, [h | string], a, e)
    else
      not_string(string, {:cons, a, abstract(h, a, e), abstract(t, a, e)}, a)
    end
  end

  defp abstract_list([], string, a, _), do: {:string, a, :lists.reverse(string)}
  defp abstract_list(t, string, a, e), do: not_string(string, abstract(t, a, e), a)

  defp not_string([c | t], result, a), do: not_string(t, {:cons, a, {:integer, a, c}, result}, a)
  defp not_string([], result, _), do: result

  defp abstract_byte(byte, a) when is_integer(byte), do: {:bin_element, a, {:integer, a, byte}, :default, :default}

  defp abstract_byte(bits, a) do
    sz = bit_size(bits)
    <<val::size(sz)>> = bits
    {:bin_element, a, {:integer, a, val}, {:integer, a, sz}, :default}
  end

  def tokens(abs), do: tokens(abs, [])

  def tokens({:char, a, c}, more), do: [{:char, a, c} | more]
  def tokens({:integer, a, n}, more), do: [{:integer, a, n} | more]
  def tokens({:float, a, f}, more), do: [{:float, a, f} | more]
  def tokens({:atom, aa, a}, more), do: [{:atom, aa, a} | more]
  def tokens({:var, a, v}, more), do: [{:var, a, v} | more]
  def tokens({:string, a, s}, more), do: [{:string, a, s} | more]
  def tokens({nil, a}, more), do: [{:"[", a}, {:"]", a} | more]
  def tokens({:cons, a, head, tail}, more), do: [{:"[", a} | tokens(head, tokens_tail(tail, more))]
  def tokens({:tuple, a, []}, more), do: [{:"{", a}, {:"}", a} | more]
  def tokens({:tuple, a, [e | es]}, more), do: [{:"{", a} | tokens(e, tokens_tuple(es, elem(e, 1), more))]
  def tokens({:map, a, []}, more), do: [{:"#", a}, {:"{", a}, {:"}", a} | more]
  def tokens({:map, a, [p | ps]}, more), do: [{:"#", a}, {:"{", a} | tokens(p, tokens_tuple(ps, elem(p, 1), more))]
  def tokens({:map_field_assoc, a, k, v}, more), do: tokens(k, [{:"=>", a} | tokens(v, more)])

  defp tokens_tail({:cons, a, head, tail}, more), do: [{:",", a} | tokens(head, tokens_tail(tail, more))]
  defp tokens_tail({nil, a}, more), do: [{:"]", a} | more]

  defp tokens_tail(other, more) do
    a = elem(other, 1)
    [{:|, a} | tokens(other, [{:"]", a} | more])]
  end

  defp tokens_tuple([e | es], anno, more), do: [{:",", anno} | tokens(e, tokens_tuple(es, elem(e, 1), more))]
  defp tokens_tuple([], anno, more), do: [{:"}", anno} | more]

  # ---- precedences (erl_pp's)

  def inop_prec(op) when op in [:=, :!], do: {150, 100, 100}
  def inop_prec(:orelse), do: {160, 150, 150}
  def inop_prec(:andalso), do: {200, 160, 160}
  def inop_prec(op) when op in [:==, :"/=", :"=<", :<, :>=, :>, :"=:=", :"=/="], do: {300, 200, 300}
  def inop_prec(op) when op in [:++, :--], do: {400, 300, 300}
  def inop_prec(op) when op in [:+, :-, :bor, :bxor, :bsl, :bsr, :or, :xor], do: {400, 400, 500}
  def inop_prec(op) when op in [:*, :/, :div, :rem, :band, :and], do: {500, 500, 600}
  def inop_prec(:"#"), do: {800, 700, 800}
  def inop_prec(:":"), do: {900, 800, 900}
  def inop_prec(:.), do: {900, 900, 1000}

  def preop_prec(:catch), do: {700, 100}
  def preop_prec(op) when op in [:+, :-, :bnot, :not], do: {600, 700}
  def preop_prec(:"#"), do: {700, 800}

  def func_prec, do: {800, 700}
  def max_prec, do: 900

  def type_inop_prec(:=), do: {150, 100, 100}
  def type_inop_prec(:"::"), do: {150, 150, 160}
  def type_inop_prec(:|), do: {180, 170, 170}
  def type_inop_prec(:..), do: {300, 200, 300}
  def type_inop_prec(op) when op in [:+, :-, :bor, :bxor, :bsl, :bsr], do: {400, 400, 500}
  def type_inop_prec(op) when op in [:*, :/, :div, :rem, :band], do: {500, 500, 600}
  def type_inop_prec(:"#"), do: {800, 700, 800}

  def type_preop_prec(op) when op in [:+, :-, :bnot], do: {600, 700}
  def type_preop_prec(:"#"), do: {700, 800}

  # ---- annotations

  def map_anno(f0, abstr) do
    {new, []} = modify_anno1(abstr, [], fn a, acc -> {f0.(a), acc} end)
    new
  end

  def fold_anno(f0, acc0, abstr) do
    {_, acc} = modify_anno1(abstr, acc0, fn a, acc -> {a, f0.(a, acc)} end)
    acc
  end

  def mapfold_anno(f, acc0, abstr), do: modify_anno1(abstr, acc0, f)

  def new_anno(term) do
    {new, []} = modify_anno1(term, [], fn l, acc -> {:erl_anno.new(l), acc} end)
    new
  end

  def anno_to_term(abstract) do
    {new, []} = modify_anno1(abstract, [], fn a, acc -> {:erl_anno.to_term(a), acc} end)
    new
  end

  def anno_from_term(term) do
    {new, []} = modify_anno1(term, [], fn t, acc -> {:erl_anno.from_term(t), acc} end)
    new
  end

  defp modify_anno1({:function, f, a}, ac, _), do: {{:function, f, a}, ac}

  defp modify_anno1({:function, m, f, a}, ac, mf) do
    {m1, ac1} = modify_anno1(m, ac, mf)
    {f1, ac2} = modify_anno1(f, ac1, mf)
    {a1, ac3} = modify_anno1(a, ac2, mf)
    {{:function, m1, f1, a1}, ac3}
  end

  defp modify_anno1({:attribute, a, kind, {name, fields}}, ac, mf) when kind in [:record, :spec, :callback] do
    {a1, ac1} = mf.(a, ac)
    {fields1, ac2} = modify_anno1(fields, ac1, mf)
    {{:attribute, a1, kind, {name, fields1}}, ac2}
  end

  defp modify_anno1({:attribute, a, kind, {name, def, args}}, ac, mf) when kind in [:type, :opaque] do
    {a1, ac1} = mf.(a, ac)
    {def1, ac2} = modify_anno1(def, ac1, mf)
    {args1, ac3} = modify_anno1(args, ac2, mf)
    {{:attribute, a1, kind, {name, def1, args1}}, ac3}
  end

  defp modify_anno1({:attribute, a, attr, val}, ac, mf) do
    {a1, ac1} = mf.(a, ac)
    {{:attribute, a1, attr, val}, ac1}
  end

  defp modify_anno1({tag, _} = t, ac, _) when tag in [:warning, :error, :eof], do: {t, ac}

  defp modify_anno1({:clauses, cs}, ac, mf) do
    {cs1, ac1} = modify_anno1(cs, ac, mf)
    {{:clauses, cs1}, ac1}
  end

  defp modify_anno1({:typed_record_field, field, type}, ac, mf) do
    {field1, ac1} = modify_anno1(field, ac, mf)
    {type1, ac2} = modify_anno1(type, ac1, mf)
    {{:typed_record_field, field1, type1}, ac2}
  end

  defp modify_anno1({:bin_element, a, e1, e2, tsl}, ac, mf) do
    {a1, ac1} = mf.(a, ac)
    {e11, ac2} = modify_anno1(e1, ac1, mf)
    {e21, ac3} = modify_anno1(e2, ac2, mf)
    {{:bin_element, a1, e11, e21, tsl}, ac3}
  end

  defp modify_anno1(t, ac, mf) when is_tuple(t) and tuple_size(t) >= 2 and tuple_size(t) <= 6 do
    [tag, a | es] = :erlang.tuple_to_list(t)
    {a1, ac1} = mf.(a, ac)
    {es1, ac2} = modify_list(es, ac1, mf, [])
    {:erlang.list_to_tuple([tag, a1 | es1]), ac2}
  end

  defp modify_anno1([h | t], ac, mf) do
    {h1, ac1} = modify_anno1(h, ac, mf)
    {t1, ac2} = modify_anno1(t, ac1, mf)
    {[h1 | t1], ac2}
  end

  defp modify_anno1([], ac, _), do: {[], ac}
  defp modify_anno1(e, ac, _) when not is_tuple(e) and not is_list(e), do: {e, ac}
  defp modify_anno1(e, ac, mf), do: :erlang.error(:function_clause, [e, ac, mf])

  defp modify_list([], ac, _, out), do: {:lists.reverse(out), ac}

  defp modify_list([e | es], ac, mf, out) do
    {e1, ac1} = modify_anno1(e, ac, mf)
    modify_list(es, ac1, mf, [e1 | out])
  end
end
