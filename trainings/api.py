def register_routes():
    pass
