def area(width, height):
    return width * height

area(1, 2)
# <- def: src/area.py:1
