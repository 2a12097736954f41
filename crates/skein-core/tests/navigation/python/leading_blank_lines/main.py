from util import helper


def main():
    return helper()
#          ^ def: util.py:3
