{:evaluated, 1 + 1}
