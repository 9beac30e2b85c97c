{pub, priv} = :crypto.generate_key(:rsa, {1024, 65537})
IO.inspect {Enum.map(pub, &byte_size/1), Enum.map(priv, &byte_size/1), hd(pub)}
{p2, k2} = :crypto.generate_key(:ecdh, :secp256r1)
{p3, k3} = :crypto.generate_key(:ecdh, :x25519)
{p4, k4} = :crypto.generate_key(:eddsa, :ed25519)
{p5, k5} = :crypto.generate_key(:ecdh, :secp384r1)
IO.inspect {byte_size(p2), byte_size(k2), byte_size(p3), byte_size(k3), byte_size(p4), byte_size(k4), byte_size(p5), byte_size(k5), :binary.first(p2)}
s = :crypto.sign(:rsa, :sha256, "msg", priv); IO.inspect {byte_size(s), :crypto.verify(:rsa, :sha256, "msg", s, pub), :crypto.verify(:rsa, :sha256, "msg2", s, pub)}
s2 = :crypto.sign(:ecdsa, :sha256, "msg", [k2, :secp256r1]); IO.inspect {byte_size(s2) in 70..72, :crypto.verify(:ecdsa, :sha256, "msg", s2, [p2, :secp256r1])}
s4 = :crypto.sign(:eddsa, :none, "msg", [k4, :ed25519]); IO.inspect {byte_size(s4), :crypto.verify(:eddsa, :none, "msg", s4, [p4, :ed25519]), :crypto.verify(:eddsa, :none, "msh", s4, [p4, :ed25519])}
c = :crypto.public_encrypt(:rsa, "hi", pub, :rsa_pkcs1_padding); IO.inspect {byte_size(c), :crypto.private_decrypt(:rsa, c, priv, :rsa_pkcs1_padding)}
c2 = :crypto.private_encrypt(:rsa, "hi", priv, :rsa_pkcs1_padding); IO.inspect :crypto.public_decrypt(:rsa, c2, pub, :rsa_pkcs1_padding)
c3 = :crypto.public_encrypt(:rsa, "hi", pub, [{:rsa_padding, :rsa_pkcs1_oaep_padding}]); IO.inspect :crypto.private_decrypt(:rsa, c3, priv, [{:rsa_padding, :rsa_pkcs1_oaep_padding}])
{p6, k6} = :crypto.generate_key(:ecdh, :secp256r1)
IO.inspect :crypto.compute_key(:ecdh, p6, k2, :secp256r1) == :crypto.compute_key(:ecdh, p2, k6, :secp256r1)
{p7, k7} = :crypto.generate_key(:ecdh, :x25519)
IO.inspect :crypto.compute_key(:ecdh, p7, k3, :x25519) == :crypto.compute_key(:ecdh, p3, k7, :x25519)
IO.inspect :crypto.generate_key(:ecdh, :secp256r1, k2) == {p2, k2}
IO.inspect :crypto.generate_key(:eddsa, :ed25519, k4) == {p4, k4}
IO.inspect :crypto.generate_key(:ecdh, :x25519, k3) == {p3, k3}
IO.inspect :crypto.sign(:rsa, :sha256, {:digest, :crypto.hash(:sha256, "msg")}, priv) == s
IO.inspect :crypto.verify(:rsa, :sha256, {:digest, :crypto.hash(:sha256, "msg")}, s, pub)
IO.inspect :crypto.verify(:rsa, :sha256, "msg", :crypto.sign(:rsa, :sha256, "msg", Enum.take(priv, 3)), pub)
IO.inspect :crypto.privkey_to_pubkey(:rsa, priv) == Enum.map(pub, &:binary.decode_unsigned/1)
sp = :crypto.sign(:rsa, :sha256, "msg", priv, [{:rsa_padding, :rsa_pkcs1_pss_padding}]); IO.inspect {:crypto.verify(:rsa, :sha256, "msg", sp, pub, [{:rsa_padding, :rsa_pkcs1_pss_padding}])}
dh_p = 0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF
{dp, dk} = :crypto.generate_key(:dh, [dh_p, 2]); {dp2, dk2} = :crypto.generate_key(:dh, [dh_p, 2])
IO.inspect {byte_size(dp), :crypto.compute_key(:dh, dp2, dk, [dh_p, 2]) == :crypto.compute_key(:dh, dp, dk2, [dh_p, 2])}
IO.inspect :crypto.generate_key(:dh, [dh_p, 2], dk) == {dp, dk}
for f <- [fn -> :crypto.sign(:rsa, :sha256, "msg", [1, 2]) end, fn -> :crypto.generate_key(:foo, :bar) end, fn -> :crypto.private_decrypt(:rsa, <<1, 2, 3>>, priv, :rsa_pkcs1_padding) end,
          fn -> :crypto.verify(:ecdsa, :sha256, "msg", <<1, 2, 3>>, [p2, :secp256r1]) end] do
  try do IO.inspect(f.()) rescue e -> IO.inspect(e) catch k, r -> IO.inspect({k, r}) end
end
