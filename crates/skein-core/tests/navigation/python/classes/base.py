class Animal:
    sound = "..."

    def __init__(self, name):
        self.name = name

    def speak(self):
        return self.sound


class Mixin:
    def describe(self):
        return "mixin"
