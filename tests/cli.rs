mod guided;
