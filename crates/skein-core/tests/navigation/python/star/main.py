from helpers import *

helper()
# <- def: helpers.py:1
undefined_name()
# <- def: none
