"""Pure physical laws: sunlight, orbits, heat, scales. SI floats in, SI floats out; NumPy broadcasting."""
