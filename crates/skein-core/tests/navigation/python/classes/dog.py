from base import Animal, Mixin


class Dog(Animal, Mixin):
    sound = "woof"

    def fetch(self, toy: Animal):
        self.speak()
#            ^ def: base.py:7
        self.describe()
#            ^ def: base.py:12
        toy.speak()
#           ^ def: base.py:7
        return self.name
#                   ^ def: base.py:5

    def bark(self):
        return sound
#              ^ def: none


def make():
    dog = Dog("rex")
    dog.fetch(None)
#       ^ def: dog.py:7
    x = 1
    x = x + 1
#       ^ def: dog.py:26
    return [x for x in range(3)]
#           ^ def: dog.py:29


class Puppy(Dog):
    def fetch(self, toy):
        return super().fetch(toy)
#                      ^ def: dog.py:7
