"""(family module: filled in by its issue work)"""
__all__: list[str] = []
