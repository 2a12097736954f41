import os


class Engine:
    def start(self):
        return os.getcwd()


def run(engine):
    return engine.start()
